"""A load scenario of citizens and staff for clusters, with locust (`locustfile.py`; bench/README.md).

NOTE: only `citizen.py`, `staff.py` and `locustfile.py` import locust at run time: importing it
monkey-patches the standard library for gevent, which the unit tests of the other modules must
not do to the pytest process.
"""
