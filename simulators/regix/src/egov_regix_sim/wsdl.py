"""RegiX's WSDL (from `egov_schemas.regix`) with the service address of the simulator as reached."""

from __future__ import annotations

from lxml import etree

from egov_schemas.regix import wsdl_path

WSDL_SOAP = "http://schemas.xmlsoap.org/wsdl/soap/"

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def wsdl_at(address: str) -> bytes:
    """The WSDL, every `soap:address` pointing at `address`."""
    tree = etree.parse(str(wsdl_path()), _PARSER)
    for element in tree.iter(f"{{{WSDL_SOAP}}}address"):
        element.set("location", address)
    return etree.tostring(tree, xml_declaration=True, encoding="utf-8")
