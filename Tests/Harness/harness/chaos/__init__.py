"""The reliability campaign (`make chaos`); see __main__.py and docs/reliability.md."""
