"""Application forms of the platform replicas, and the log of everything they receive.

The apply engine's tests must assert exactly what was submitted, so every form here posts to
the sandbox, which records the submission (fields and files) in `log.SubmissionLog` before it
answers. Variants (captcha, login wall, server-side validation, expired) are chosen per request
by a ``variant`` query parameter, so any posting can be used for any scenario.
"""
