"""What the tests share: paths, the CLI runner, the servers they start, shared scenario data.

Test modules import from here (and get fixtures from the ``conftest.py`` files), never from
another test module: a test module is free to change without breaking its neighbours.
"""
