"""The site's pages (About, Code of Conduct, Privacy...): written by admins and editors, served
at /<slug> in the address space posts share, never in the post index or feeds."""
