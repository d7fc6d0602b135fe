"""dondoc: follow up a steering committee's plan by email.

The code lives in the top-level folders of the repository (``engine/``, ``notifiers/``,
``templates/``); this package only gives them one import name, ``dondoc``.
"""

__version__ = "0.1.0"
