// Package parallel runs independent pieces of work on all cores. It is the
// one worker pool of the module's batch jobs (leaf forecasts, regenerated
// sample paths, the CLI's forecast run), so cancellation and the share-out
// of work behave alike everywhere.
package parallel

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
)

// Each calls fn(i) once for every i in [0, n), on up to GOMAXPROCS
// goroutines that each take the next index when they finish one, so a slow
// item does not hold back a fixed share of the rest. Once ctx is done no
// further index is handed out; calls already running finish (fn receives
// no context: it closes over ctx if it should stop early too). Each
// returns when every started call has returned, with ctx.Err() (nil when
// ctx was never done). fn runs concurrently for distinct i and must write
// only to state of its own index.
func Each(ctx context.Context, n int, fn func(i int)) error {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= n || ctx.Err() != nil {
					return
				}
				fn(i)
			}
		})
	}
	wg.Wait()
	return ctx.Err()
}
