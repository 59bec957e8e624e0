"""The pull-request bot (issue 4): the only package that uses PyGithub."""
