// Risk module (estimators, VaR/ES, nearest correlation) — being written.
