"""`okrsite serve`: build, serve over HTTP, watch, rebuild and reload the browser."""
