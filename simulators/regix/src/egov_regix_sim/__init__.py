"""A simulator of RegiX, Bulgaria's registry data exchange, for development and tests.

It answers `IRegiXEntryPoint` over SOAP 1.1 (`ExecuteSynchronous`, `Execute`, `CheckResult`) for
the registry operations the platform uses, in each operation's response XML, with data made up
from the identifier asked about: the same EGN or EIK always gets the same answer, and no real
person or company is behind it. All state (asynchronous results, the journal of calls, injected
faults) is in memory: a restart forgets it.
"""
