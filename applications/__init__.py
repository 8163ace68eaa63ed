"""One application for one (user, job), step by step: the work behind the application graph.

Each step is a plain function over ids and the database, safe to run again (a graph node may
be re-run after a crash or an interrupt). The graph in graphs/application.py orders the steps
and holds the human approval; the tools in tools/applications.py call the same steps.
"""
