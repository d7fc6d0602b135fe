"""dondoc: follow up a steering committee's plan by email.

One package: ``engine`` (the core), ``notifiers`` (delivery channels), ``templates`` (all
user-facing text) and ``plans`` (the bundled seed plans).
"""

__version__ = "0.1.0"
