package kpitree

// templateDefs returns the templates. They are built on each call (no
// package-level state), which costs microseconds and happens when a user
// opens the template picker.
func templateDefs() []templateDef {
	usage := []string{"stickiness", "dau", "mau", "feature_adoption_rate", "feature_accounts", "active_accounts",
		"sessions_per_user", "sessions", "logins_per_seat", "logins", "seats_deployed", "messages_per_mau", "messages_sent"}
	retention := []string{"nrr", "grr", "expansion_rate", "start_mrr", "expansion_mrr", "contraction_mrr", "churned_mrr",
		"revenue_churn_rate", "customer_churn_rate", "customer_retention_rate", "churned_customers", "customers_at_start",
		"renewal_rate", "renewed_mrr", "mrr_up_for_renewal"}
	addon := []string{"addon_revenue", "unit_price", "active_customers", "onboarded_accounts", "csm_count", "onboarded_per_csm", "active_rate"}
	health := []string{"health_score", "seats_purchased", "seats_deployed", "logins", "features_used", "key_features", "outcome_achievement"}
	efficiency := []string{"ltv", "arpa", "gross_margin", "revenue_churn_rate", "churned_mrr", "start_mrr", "cs_efficiency", "arr", "mrr",
		"customers", "csm_count", "retention_cost_per_customer", "cs_cost", "self_service_ratio", "self_solved_tickets", "tickets"}
	union := func(lists ...[]string) []string {
		seen := map[string]bool{}
		var out []string
		for _, l := range lists {
			for _, id := range l {
				if !seen[id] {
					seen[id] = true
					out = append(out, id)
				}
			}
		}
		return out
	}
	return []templateDef{
		{id: "addon_revenue", root: "addon_revenue", nodes: addon,
			name: [2]string{"Add-on revenue (canonical CS tree)", "アドオン売上（CS標準ツリー）"},
			desc: [2]string{
				"Add-on revenue = unit price × active customers; active customers = onboarded accounts × active rate; onboarded accounts = CSM headcount × onboardings per CSM. Ids match the columns of cs_monthly.csv (unit_price ← unit_price_jpy).",
				"アドオン売上 = 単価 × アクティブ顧客数、アクティブ顧客数 = オンボーディング完了数 × アクティブ率、オンボーディング完了数 = CSM人数 × CSM1人あたりオンボーディング数。IDは cs_monthly.csv の列名と対応します（unit_price ← unit_price_jpy）。"}},
		{id: "saas_revenue", root: "mrr", nodes: union([]string{"mrr", "customers", "arpa", "arr", "net_new_mrr", "new_mrr"}, retention[:7]),
			name: [2]string{"SaaS revenue (MRR, movement, NRR, GRR)", "SaaS売上（MRR・MRR増減・NRR・GRR）"},
			desc: [2]string{
				"MRR = customers × ARPA, with the month's movement (new, expansion, contraction, churned MRR), ARR, NRR and GRR watched beside it.",
				"MRR = 顧客数 × ARPA。月次のMRR増減（新規・拡大・縮小・解約）、ARR、NRR、GRRを併せてモニタリングします。"}},
		{id: "retention_churn", root: "nrr", nodes: retention,
			name: [2]string{"Retention & churn", "リテンションと解約"},
			desc: [2]string{
				"NRR = GRR + expansion rate, with customer and revenue churn, customer retention and renewal rate.",
				"NRR = GRR + 拡大率。顧客数・売上ベースの解約率、顧客維持率、更新率を併せて見ます。"}},
		{id: "ltv_efficiency", root: "ltv", nodes: efficiency,
			name: [2]string{"LTV & CS efficiency", "LTVとCS効率"},
			desc: [2]string{
				"LTV = ARPA × gross margin ÷ revenue churn rate, with CS efficiency (ARR per CS person), retention cost per customer and self-service ratio.",
				"LTV = ARPA × 粗利率 ÷ 売上解約率。CS効率（CS1人あたりARR）、顧客あたり維持コスト、セルフサービス解決率を併せて見ます。"}},
		{id: "product_usage", root: "stickiness", nodes: usage,
			name: [2]string{"Product usage", "プロダクト利用"},
			desc: [2]string{
				"Stickiness = DAU ÷ MAU, with core-feature adoption, sessions per user, logins per seat and messages per MAU. mau and dau bind to cs_monthly.csv.",
				"スティッキネス = DAU ÷ MAU。コア機能利用率、ユーザーあたりセッション数、シートあたりログイン数、MAUあたりメッセージ数を併せて見ます。"}},
		{id: "dear_health", root: "health_score", nodes: health,
			name: [2]string{"Health score (DEAR)", "ヘルススコア（DEAR）"},
			desc: [2]string{
				"A 0–100 score from Deployment (seats deployed ÷ purchased), Engagement (logins per deployed seat), Adoption (key features used) and ROI (outcome reached), 25 % each. Green ≥ 70, red < 40. Tune weights and ranges as churn data comes in.",
				"Deployment（導入シート率）、Engagement（シートあたりログイン）、Adoption（主要機能の利用）、ROI（成果達成度）を各25%で合成した0〜100のスコア。70以上が緑、40未満が赤。解約データに合わせて重みと範囲を見直してください。"}},
		{id: "stage_early", stage: "early", root: "stickiness", nodes: usage,
			name: [2]string{"Stage pack: early (usage only)", "ステージ別: アーリー（利用のみ）"},
			desc: [2]string{
				"Right after product–market fit: watch usage (MAU, DAU, stickiness, core-feature adoption) before judging the team on revenue.",
				"PMF直後はまず利用状況（MAU・DAU・スティッキネス・コア機能利用率）を見て、売上KPIではまだ評価しません。"}},
		{id: "stage_growth", stage: "growth", root: "nrr", nodes: union(retention, usage),
			name: [2]string{"Stage pack: growth (usage + retention)", "ステージ別: グロース（利用＋リテンション）"},
			desc: [2]string{
				"Usage plus retention: NRR as the root, with churn, renewal and the usage KPIs that predict them.",
				"利用状況にリテンションを加えます。NRRをルートに、解約・更新とそれを先行して示す利用KPIを見ます。"}},
		{id: "stage_scale", stage: "scale", root: "addon_revenue", nodes: union(addon, health, efficiency),
			name: [2]string{"Stage pack: scale (revenue + health + efficiency)", "ステージ別: スケール（売上＋ヘルス＋効率）"},
			desc: [2]string{
				"The full add-on revenue tree, the DEAR health score and CS efficiency (LTV, ARR per CS person, retention cost, self-service).",
				"アドオン売上ツリー全体に、DEARヘルススコアとCS効率（LTV・CS1人あたりARR・維持コスト・セルフサービス率）を加えます。"}},
		{id: EmptyTemplateID, root: "root", nodes: []string{"root"},
			name: [2]string{"Empty tree", "空のツリー"},
			desc: [2]string{
				"One revenue node to grow your own tree from: add drivers under it and give it a formula over them.",
				"自分でツリーを作るための売上ノード1つだけのツリーです。下にドライバーを追加し、それらを使った計算式を設定してください。"}},
	}
}

// catalogue returns every KPI a template can use, by id.
func catalogue() map[string]kpi {
	lowIsGood := &RAG{Green: 1, Red: 1.2, HigherIsBetter: false}
	return map[string]kpi{
		// The empty template's only node: a formula (not an input) so the
		// user's first drivers plug into it by editing the formula, and a
		// constant 0 so the tree checks and evaluates before any data.
		"root": {name: [2]string{"Revenue", "売上"}, unit: "JPY/month", kind: KindFormula, formula: "0", agg: AggFlow,
			desc: [2]string{"The tree's root. Add drivers under it, then replace 0 with a formula over them (e.g. price * customers).",
				"ツリーのルート。下にドライバーを追加し、0 をそれらの計算式（例: price * customers）に置き換えてください。"}},
		// The canonical add-on revenue tree (domain brief).
		"addon_revenue": {name: [2]string{"Add-on revenue", "アドオン売上"}, unit: "JPY/month", kind: KindFormula,
			formula: "unit_price * active_customers", agg: AggFlow,
			desc: [2]string{"Monthly add-on revenue. Bind revenue_jpy as its actual to see the gap to the tree (discounts).",
				"アドオンの月次売上。実績 revenue_jpy と並べると値引きなどによる差が分かります。"}},
		"unit_price": {name: [2]string{"Average add-on unit price", "平均アドオン単価"}, unit: "JPY/customer/month", kind: KindInput, agg: AggFlow, aggNote: [2]string{"a price per customer per month: the year's value is the year's total per customer", "顧客1社あたりの月額単価。年度の値は1社あたりの年間合計です"},
			desc: [2]string{"Set by pricing, not by the CS team, so not controllable here. Column unit_price_jpy.",
				"価格はCSチームではなく価格戦略で決まるため、ここでは操作不可。列 unit_price_jpy。"}},
		"active_customers": {name: [2]string{"Active add-on customers", "アクティブ顧客数"}, unit: "customers", kind: KindFormula,
			formula: "onboarded_accounts * active_rate", agg: AggStock,
			desc: [2]string{"Customers actually using the add-on this month.", "当月アドオンを実際に利用している顧客数。"}},
		"onboarded_accounts": {name: [2]string{"Onboarded accounts", "オンボーディング完了数"}, unit: "accounts", kind: KindFormula,
			formula: "csm_count * onboarded_per_csm", agg: AggStock,
			desc: [2]string{"Accounts that finished onboarding, cumulative.", "オンボーディングを完了したアカウント数（累計）。"}},
		"csm_count": {name: [2]string{"CSM headcount", "CSM人数"}, unit: "people", kind: KindInput, controllable: true, agg: AggStock,
			desc: [2]string{"Customer success managers; a hiring decision.", "カスタマーサクセス担当者の人数。採用で動かせます。"}},
		"onboarded_per_csm": {name: [2]string{"Onboardings per CSM (cumulative)", "CSM1人あたりオンボーディング数（累計）"}, unit: "accounts/person",
			kind: KindInput, controllable: true, agg: AggStock,
			desc: [2]string{"Onboarded accounts ÷ CSM headcount: the team's onboarding productivity.", "オンボーディング完了数 ÷ CSM人数。チームの生産性です。"}},
		"active_rate": {name: [2]string{"Active rate", "アクティブ率"}, unit: "%", kind: KindInput, controllable: true, agg: AggStock, aggNote: [2]string{"a share of the onboarded accounts at month end: the year's value is the year-end share (year-end active ÷ year-end onboarded accounts)", "月末時点のオンボーディング完了数に占める割合。年度の値は期末の割合（期末アクティブ顧客数 ÷ 期末オンボーディング完了数）です"},
			desc: [2]string{"Active customers ÷ onboarded accounts. When weak, factor it further (logged-in accounts ÷ onboarded accounts).",
				"アクティブ顧客数 ÷ オンボーディング完了数。弱い場合はさらに分解します（ログインアカウント数 ÷ オンボーディング完了数）。"}},

		// SaaS revenue and movement.
		"mrr": {name: [2]string{"MRR", "MRR（月次経常収益）"}, unit: "JPY/month", kind: KindFormula, formula: "customers * arpa", agg: AggStock, aggNote: [2]string{"a run rate at month end: the year's value is the year-end MRR, not the sum of twelve MRRs", "月末時点の経常収益。年度の値は期末MRRで、12か月の合計ではありません"},
			desc: [2]string{"Monthly recurring revenue = paying customers × ARPA.", "月次経常収益 = 有料顧客数 × ARPA。"}},
		"customers": {name: [2]string{"Paying customers", "有料顧客数"}, unit: "customers", kind: KindInput, agg: AggStock,
			desc: [2]string{"Customers with an active contract at month end.", "月末時点で契約中の顧客数。"}},
		"arpa": {name: [2]string{"ARPA", "ARPA（顧客あたり平均収益）"}, unit: "JPY/customer/month", kind: KindInput, controllable: true, agg: AggFlow, aggNote: [2]string{"revenue per account per month: the year's value is the annual revenue per account", "1社あたりの月次収益。年度の値は1社あたりの年間収益です"},
			desc: [2]string{"Average revenue per account; moved by upsell and cross-sell.", "顧客あたり平均月次収益。アップセル・クロスセルで動きます。"}},
		"arr": {name: [2]string{"ARR", "ARR（年間経常収益）"}, unit: "JPY/year", kind: KindFormula, formula: "annualize(mrr)", agg: AggStock, aggNote: [2]string{"the year-end MRR made annual", "期末MRRの年換算"},
			desc: [2]string{"Annual run rate = MRR × 12 months/year, written annualize(mrr) so the unit is per year.", "年間経常収益 = MRR × 12か月/年。単位が年単位になるよう annualize(mrr) と書きます。"}},
		"net_new_mrr": {name: [2]string{"Net new MRR", "純増MRR"}, unit: "JPY/month", kind: KindFormula, agg: AggFlow,
			formula: "new_mrr + expansion_mrr - contraction_mrr - churned_mrr",
			desc:    [2]string{"New + expansion − contraction − churned MRR in the month.", "新規 + 拡大 − 縮小 − 解約MRR。"}},
		"new_mrr": {name: [2]string{"New MRR", "新規MRR"}, unit: "JPY/month", kind: KindInput, agg: AggFlow,
			desc: [2]string{"MRR from new customers (a sales number).", "新規顧客からのMRR（営業の数字）。"}},
		"expansion_mrr": {name: [2]string{"Expansion MRR", "拡大MRR"}, unit: "JPY/month", kind: KindInput, controllable: true, agg: AggFlow,
			desc: [2]string{"Upsell and cross-sell MRR from existing customers.", "既存顧客のアップセル・クロスセルによるMRR。"}},
		"contraction_mrr": {name: [2]string{"Contraction MRR", "縮小MRR"}, unit: "JPY/month", kind: KindInput, controllable: true, agg: AggFlow,
			rag:  lowIsGood,
			desc: [2]string{"MRR lost to downgrades.", "ダウングレードで失ったMRR。"}},
		"churned_mrr": {name: [2]string{"Churned MRR", "解約MRR"}, unit: "JPY/month", kind: KindInput, controllable: true, agg: AggFlow,
			rag:  lowIsGood,
			desc: [2]string{"MRR lost to cancellations.", "解約で失ったMRR。"}},
		"start_mrr": {name: [2]string{"MRR at start of month", "月初MRR"}, unit: "JPY/month", kind: KindInput, agg: AggOpening, aggNote: [2]string{"the base of churn and retention: the year's value is the MRR the year started with", "解約率・維持率の分母。年度の値は期首のMRRです"},
			desc: [2]string{"MRR of the customers present at the start of the month: the base of churn and retention rates.",
				"月初時点の顧客のMRR。解約率・維持率の分母です。"}},
		"nrr": {name: [2]string{"Net revenue retention (NRR)", "売上維持率（NRR）"}, unit: "%", kind: KindFormula, formula: "grr + expansion_rate", agg: AggRatio,
			desc: [2]string{"(start MRR + expansion − contraction − churned) ÷ start MRR.", "（月初MRR + 拡大 − 縮小 − 解約）÷ 月初MRR。"}},
		"grr": {name: [2]string{"Gross revenue retention (GRR)", "グロス売上維持率（GRR）"}, unit: "%", kind: KindFormula, agg: AggRatio,
			formula: "(start_mrr - contraction_mrr - churned_mrr) / start_mrr",
			desc:    [2]string{"Retention without expansion: (start − contraction − churned) ÷ start MRR.", "拡大を含まない維持率。"}},
		"expansion_rate": {name: [2]string{"Expansion rate", "拡大率"}, unit: "%", kind: KindFormula, formula: "expansion_mrr / start_mrr", agg: AggRatio,
			desc: [2]string{"Expansion MRR ÷ start MRR.", "拡大MRR ÷ 月初MRR。"}},

		// Retention and churn.
		"revenue_churn_rate": {name: [2]string{"Revenue churn rate", "売上解約率"}, unit: "%", kind: KindFormula, formula: "churned_mrr / start_mrr",
			agg: AggRatio, rag: lowIsGood,
			desc: [2]string{"Churned MRR ÷ MRR at start of month.", "解約MRR ÷ 月初MRR。"}},
		"customer_churn_rate": {name: [2]string{"Customer churn rate", "顧客解約率"}, unit: "%", kind: KindFormula,
			formula: "churned_customers / customers_at_start", agg: AggRatio, rag: lowIsGood,
			desc: [2]string{"Customers lost in the month ÷ customers at its start.", "当月の解約顧客数 ÷ 月初顧客数。"}},
		"customer_retention_rate": {name: [2]string{"Customer retention rate", "顧客維持率"}, unit: "%", kind: KindFormula,
			formula: "1 - customer_churn_rate", agg: AggRatio,
			desc: [2]string{"1 − customer churn rate.", "1 − 顧客解約率。"}},
		"churned_customers": {name: [2]string{"Churned customers", "解約顧客数"}, unit: "customers/month", kind: KindInput, controllable: true, agg: AggFlow,
			rag:  lowIsGood,
			desc: [2]string{"Customers who cancelled in the month.", "当月に解約した顧客数。"}},
		"customers_at_start": {name: [2]string{"Customers at start of month", "月初顧客数"}, unit: "customers", kind: KindInput, agg: AggOpening, aggNote: [2]string{"the base of customer churn: the year's value is the count the year started with", "顧客解約率の分母。年度の値は期首の顧客数です"},
			desc: [2]string{"Paying customers on the first day of the month.", "月初時点の有料顧客数。"}},
		"renewal_rate": {name: [2]string{"Renewal rate", "更新率"}, unit: "%", kind: KindFormula, formula: "renewed_mrr / mrr_up_for_renewal", agg: AggRatio,
			desc: [2]string{"Renewed revenue ÷ revenue up for renewal.", "更新された売上 ÷ 更新対象の売上。"}},
		"renewed_mrr": {name: [2]string{"Renewed MRR", "更新MRR"}, unit: "JPY/month", kind: KindInput, controllable: true, agg: AggFlow,
			desc: [2]string{"MRR of contracts renewed in the month.", "当月に更新された契約のMRR。"}},
		"mrr_up_for_renewal": {name: [2]string{"MRR up for renewal", "更新対象MRR"}, unit: "JPY/month", kind: KindInput, agg: AggFlow,
			desc: [2]string{"MRR of contracts whose term ends in the month.", "当月に契約期間が終わるMRR。"}},

		// LTV and CS efficiency.
		"ltv": {name: [2]string{"LTV", "LTV（顧客生涯価値）"}, unit: "JPY/customer", kind: KindFormula, agg: AggRatio,
			formula: "arpa * gross_margin / revenue_churn_rate",
			// The churn rate is per month, so "/month" cancels; the unit
			// checker sees it as a plain ratio and would warn.
			silenced: []string{CodeUnit},
			desc: [2]string{"ARPA × gross margin ÷ monthly revenue churn rate: gross profit over an average lifetime (the churn rate is per month, so the month cancels).",
				"ARPA × 粗利率 ÷ 月次売上解約率。平均的な契約期間で得られる粗利です（解約率は月次なので「/月」は打ち消し合います）。"}},
		"gross_margin": {name: [2]string{"Gross margin", "粗利率"}, unit: "%", kind: KindInput, agg: AggAverage, aggNote: [2]string{"typed in per month: averaged over the year; for the exact yearly margin make it gross profit ÷ revenue", "月次で入力: 年度は平均。正確な年度粗利率には 粗利 ÷ 売上 の計算式にしてください"},
			desc: [2]string{"Gross profit ÷ revenue.", "粗利 ÷ 売上。"}},
		"cs_efficiency": {name: [2]string{"CS efficiency (ARR per CSM)", "CS効率（CS1人あたりARR）"}, unit: "JPY/year/person", kind: KindFormula,
			formula: "arr / csm_count", agg: AggRatio,
			desc: [2]string{"ARR ÷ CS headcount.", "ARR ÷ CS人数。"}},
		"retention_cost_per_customer": {name: [2]string{"Retention cost per customer", "顧客あたり維持コスト"}, unit: "JPY/customer/month",
			kind: KindFormula, formula: "cs_cost / customers", agg: AggRatio, rag: lowIsGood,
			desc: [2]string{"CS cost ÷ paying customers.", "CSコスト ÷ 有料顧客数。"}},
		"cs_cost": {name: [2]string{"CS cost", "CSコスト"}, unit: "JPY/month", kind: KindInput, controllable: true, agg: AggFlow,
			desc: [2]string{"Monthly cost of the CS team and tools.", "CSチームとツールの月次コスト。"}},
		"self_service_ratio": {name: [2]string{"Self-service ratio", "セルフサービス解決率"}, unit: "%", kind: KindFormula,
			formula: "self_solved_tickets / tickets", agg: AggRatio,
			desc: [2]string{"Tickets solved without a person ÷ all tickets.", "人手を介さず解決した問い合わせ ÷ 全問い合わせ。"}},
		"self_solved_tickets": {name: [2]string{"Self-solved tickets", "セルフ解決件数"}, unit: "tickets/month", kind: KindInput, controllable: true, agg: AggFlow,
			desc: [2]string{"Tickets closed by help articles, chatbots or the community.", "ヘルプ記事・チャットボット等で解決した件数。"}},
		"tickets": {name: [2]string{"Support tickets", "問い合わせ件数"}, unit: "tickets/month", kind: KindInput, agg: AggFlow,
			desc: [2]string{"All support tickets in the month.", "当月の全問い合わせ件数。"}},

		// Product usage.
		"stickiness": {name: [2]string{"Stickiness (DAU/MAU)", "スティッキネス（DAU/MAU）"}, unit: "%", kind: KindFormula, formula: "dau / mau", agg: AggRatio,
			desc: [2]string{"How many monthly users come back daily.", "月間利用者のうち毎日使う人の割合。"}},
		"dau": {name: [2]string{"DAU", "DAU（日次アクティブユーザー）"}, unit: "users", kind: KindInput, controllable: true, agg: AggAverage,
			desc: [2]string{"Average daily active users in the month. Column dau.", "当月の日次アクティブユーザーの平均。列 dau。"}},
		"mau": {name: [2]string{"MAU", "MAU（月間アクティブユーザー）"}, unit: "users", kind: KindInput, controllable: true, agg: AggAverage,
			desc: [2]string{"Monthly active users. Column mau.", "月間アクティブユーザー数。列 mau。"}},
		"feature_adoption_rate": {name: [2]string{"Core-feature adoption rate", "コア機能利用率"}, unit: "%", kind: KindFormula,
			formula: "feature_accounts / active_accounts", agg: AggRatio,
			desc: [2]string{"Accounts using the key feature ÷ active accounts.", "主要機能を使うアカウント ÷ アクティブアカウント。"}},
		"feature_accounts": {name: [2]string{"Accounts using the key feature", "主要機能利用アカウント数"}, unit: "accounts", kind: KindInput,
			controllable: true, agg: AggStock,
			desc: [2]string{"Accounts that used the core feature this month.", "当月コア機能を使ったアカウント数。"}},
		"active_accounts": {name: [2]string{"Active accounts", "アクティブアカウント数"}, unit: "accounts", kind: KindInput, agg: AggStock,
			desc: [2]string{"Accounts with any activity this month.", "当月何らかの利用があったアカウント数。"}},
		"sessions_per_user": {name: [2]string{"Sessions per user", "ユーザーあたりセッション数"}, unit: "sessions/user/month", kind: KindFormula,
			formula: "sessions / mau", agg: AggRatio,
			desc: [2]string{"Sessions ÷ MAU.", "セッション数 ÷ MAU。"}},
		"sessions": {name: [2]string{"Sessions", "セッション数"}, unit: "sessions/month", kind: KindInput, agg: AggFlow,
			desc: [2]string{"Sessions in the month (sum of daily sessions).", "当月のセッション数（日次の合計）。"}},
		"logins_per_seat": {name: [2]string{"Logins per seat", "シートあたりログイン数"}, unit: "logins/seat/month", kind: KindFormula,
			formula: "logins / seats_deployed", agg: AggRatio,
			desc: [2]string{"Logins ÷ deployed seats: engagement normalised for company size.", "ログイン数 ÷ 導入シート数。企業規模で正規化した利用頻度。"}},
		"logins": {name: [2]string{"Logins", "ログイン数"}, unit: "logins/month", kind: KindInput, controllable: true, agg: AggFlow,
			desc: [2]string{"Logins in the month (sum of daily logins in daily_usage.csv).", "当月のログイン数（daily_usage.csv の日次合計）。"}},
		"seats_deployed": {name: [2]string{"Seats deployed", "導入シート数"}, unit: "seats", kind: KindInput, controllable: true, agg: AggStock,
			desc: [2]string{"Seats assigned to named users.", "ユーザーに割り当て済みのシート数。"}},
		"messages_per_mau": {name: [2]string{"Messages per MAU", "MAUあたりメッセージ数"}, unit: "messages/user/month", kind: KindFormula,
			formula: "messages_sent / mau", agg: AggRatio,
			desc: [2]string{"Messages or chats sent ÷ MAU (often watched weekly).", "送信メッセージ・チャット数 ÷ MAU（週次で見ることが多い）。"}},
		"messages_sent": {name: [2]string{"Messages sent", "送信メッセージ数"}, unit: "messages/month", kind: KindInput, controllable: true, agg: AggFlow,
			desc: [2]string{"Messages or chats sent in the month (chats_sent in daily_usage.csv).", "当月の送信メッセージ・チャット数（daily_usage.csv の chats_sent）。"}},

		// DEAR health score.
		"health_score": {name: [2]string{"Health score (DEAR)", "ヘルススコア（DEAR）"}, unit: "score", kind: KindHealth, agg: AggAverage,
			rag: &RAG{Green: 0.7, Red: 0.4, HigherIsBetter: true},
			health: []HealthComponent{
				{Ref: "seats_deployed", Per: "seats_purchased", Weight: 0.25, Min: 0, Max: 1},
				{Ref: "logins", Per: "seats_deployed", Weight: 0.25, Min: 0, Max: 20},
				{Ref: "features_used", Per: "key_features", Weight: 0.25, Min: 0, Max: 1},
				{Ref: "outcome_achievement", Weight: 0.25, Min: 0, Max: 1},
			},
			desc: [2]string{"Deployment, Engagement, Adoption and ROI, each normalised to 0–100 and weighted 25 %; with a target of 100, green ≥ 70 and red < 40.",
				"Deployment・Engagement・Adoption・ROIをそれぞれ0〜100に正規化し25%ずつ合成。目標100に対し70以上で緑、40未満で赤。"}},
		"seats_purchased": {name: [2]string{"Seats purchased", "契約シート数"}, unit: "seats", kind: KindInput, agg: AggStock,
			desc: [2]string{"Seats in the contract.", "契約上のシート数。"}},
		"features_used": {name: [2]string{"Key features used", "利用中の主要機能数"}, unit: "features", kind: KindInput, controllable: true, agg: AggAverage,
			desc: [2]string{"How many of the key features the customer uses.", "顧客が使っている主要機能の数。"}},
		"key_features": {name: [2]string{"Key features", "主要機能数"}, unit: "features", kind: KindConstant, value: 5, agg: AggStock,
			desc: [2]string{"Number of features that define a healthy customer; set it once.", "健全な顧客の条件となる主要機能の数。一度設定します。"}},
		"outcome_achievement": {name: [2]string{"Outcome achievement (ROI)", "成果達成度（ROI）"}, unit: "%", kind: KindInput, controllable: true, agg: AggAverage,
			desc: [2]string{"Share of the customer's agreed success goals reached.", "顧客と合意した成功指標の達成割合。"}},
	}
}
