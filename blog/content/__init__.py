"""The render pipeline for what authors write, as pure functions: bound, sanitize, excerpt."""
