"""Delivery channels behind one small interface (see ``notifiers.base``)."""
