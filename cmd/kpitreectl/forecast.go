package main

import (
	"context"
	"errors"
)

// runForecast forecasts every series of a CSV file. (Being implemented.)
func runForecast(ctx context.Context, s streams, args []string) error {
	return errors.New("forecast: not implemented yet")
}
