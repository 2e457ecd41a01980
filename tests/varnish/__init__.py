"""Real Varnish (deploy/varnish.vcl) in front of a stub backend and in front of the real blog."""
