"""The candidate side: the candidate file, master resumes, and (later) tailoring and rendering.

Everything that states a fact about the candidate starts from the master resume
held here, so that later steps can check their output against it.
"""
