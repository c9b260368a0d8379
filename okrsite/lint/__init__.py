"""OKR-practice checks (`run.lint`), their rules (`rules`) and default bounds (`defaults`)."""
