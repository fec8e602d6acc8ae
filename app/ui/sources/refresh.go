package sources

import (
	"context"
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"

	"github.com/kpitree/kpitree/app/source"
	"github.com/kpitree/kpitree/app/ui/uikit"
	"github.com/kpitree/kpitree/app/workspace"
)

// Refresher is what refreshing on open needs of a workspace.
type Refresher interface {
	QueryDatasets(onOpen bool) []string
	RefreshQueries(ctx context.Context, ids []string, secrets source.Secrets) ([]workspace.RefreshResult, error)
}

// RefreshOnOpen refreshes, in the background, the datasets the user marked
// "refresh when the workspace opens". The stored values stay when a
// database cannot be reached, so the workspace works offline; a summary
// says what changed or failed. It returns at once; the work runs through
// jobs (the shell's), so closing the window cancels it and tests wait for
// it.
func RefreshOnOpen(w fyne.Window, ws Refresher, jobs *uikit.Jobs) {
	if w == nil || ws == nil {
		return
	}
	ids := ws.QueryDatasets(true)
	if len(ids) == 0 {
		return
	}
	uikit.RunJob(jobs, jobs.Ctx(), func(ctx context.Context) ([]workspace.RefreshResult, error) {
		return ws.RefreshQueries(ctx, ids, nil)
	}, func(res []workspace.RefreshResult, err error) {
		if errors.Is(err, workspace.ErrClosed) || errors.Is(err, context.Canceled) {
			return // another workspace was opened meanwhile
		}
		var changed, failed []string
		for _, r := range res {
			switch {
			case errors.Is(r.Err, workspace.ErrClosed):
				return
			case r.Err != nil:
				failed = append(failed, r.Name+": "+errorText(r.Err))
			case r.Diff != nil && !r.Diff.Empty():
				changed = append(changed, r.Name)
			}
		}
		if err == nil && len(changed) == 0 && len(failed) == 0 {
			return
		}
		msg := lang.L("sources.refresh.summary", map[string]any{"Changed": len(changed), "Total": len(res)})
		if len(failed) > 0 {
			msg += "\n\n" + lang.L("sources.refresh.failed") + "\n" + strings.Join(failed, "\n")
		}
		dialog.ShowInformation(lang.L("sources.refresh.title"), msg, w)
	})
}
