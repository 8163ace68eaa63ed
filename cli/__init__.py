"""The ``ajob`` command line: an entry point, like api/ and workers/, over the same services.

Each feature is a subcommand in its own module; main.py assembles them and turns
user-facing errors into one line and an exit code.
"""
