"""The view data of each kind of page, one module per kind; `okrsite.render.plan` says which pages a site has."""
