"""RegiX's SOAP contract, `IRegiXEntryPoint`, as a WSDL file shipped with this package.

The registry gateway's client loads it from here (no network is needed to know the service), and
the RegiX simulator serves it. It describes RegiX's three operations, `ExecuteSynchronous`,
`Execute` and `CheckResult`, and their data types in RegiX's own namespaces (`http://tempuri.org/`
for the service, `http://egov.bg/RegiX/SignedData` for the data container), bound as SOAP 1.1; the
file's opening comment says where it differs from the live service.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def wsdl_path() -> Path:
    """The WSDL's path on disk.

    NOTE: a real path rather than a resource stream, because zeep loads a WSDL by file name; the
    package is installed unzipped (a wheel or the workspace's editable install), so one exists.
    """
    return Path(str(resources.files(__name__).joinpath("RegiXEntryPoint.wsdl")))
