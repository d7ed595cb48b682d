"""SOAP 1.1 messages as WCF's basicHttpBinding reads and writes them.

A message is parsed without a DTD, entity expansion or network access (a DOCTYPE is refused
outright), and a failure is answered as a SOAP Fault with HTTP 500, as WCF does.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
SERVICE_NS = "http://tempuri.org/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
CONTENT_TYPE = "text/xml; charset=utf-8"

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


class SoapFault(Exception):
    """Answered as a SOAP 1.1 Fault whose faultcode is `s:Client`: the message is at fault."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def q(namespace: str, name: str) -> str:
    """An element's name in lxml's `{namespace}name` form."""
    return f"{{{namespace}}}{name}"


def parse_body(content: bytes) -> etree._Element:
    """The one element in the Body of a SOAP 1.1 envelope; SoapFault if `content` is not one."""
    try:
        root = etree.fromstring(content, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise SoapFault(f"The message is not well-formed XML: {exc}.") from exc
    if root.getroottree().docinfo.internalDTD is not None:
        raise SoapFault("The message has a DOCTYPE, which SOAP does not allow.")
    if root.tag != q(SOAP_ENV, "Envelope"):
        raise SoapFault(f"The message is not a SOAP 1.1 envelope (its root is {root.tag}).")
    body = root.find(q(SOAP_ENV, "Body"))
    children = [] if body is None else [child for child in body if isinstance(child.tag, str)]
    if len(children) != 1:
        raise SoapFault("The SOAP Body must hold exactly one element.")
    return children[0]


def element(namespace: str, name: str, **prefixes: str) -> etree._Element:
    """A new element `name` in `namespace`, declared as the default namespace (as .NET writes its
    answers), and the namespaces in `prefixes` declared under those prefixes."""
    # NOTE: lxml takes None as the default namespace's key; lxml-stubs' type for nsmap leaves it out.
    nsmap: dict[Any, str] = {None: namespace, **prefixes}
    return etree.Element(q(namespace, name), nsmap=nsmap)


def envelope(payload: etree._Element) -> bytes:
    root = etree.Element(q(SOAP_ENV, "Envelope"), nsmap={"s": SOAP_ENV})
    etree.SubElement(root, q(SOAP_ENV, "Body")).append(payload)
    return etree.tostring(root, xml_declaration=False, encoding="utf-8")


def fault_envelope(fault: SoapFault) -> bytes:
    payload = etree.Element(q(SOAP_ENV, "Fault"), nsmap={"s": SOAP_ENV})
    etree.SubElement(payload, "faultcode").text = "s:Client"
    reason = etree.SubElement(payload, "faultstring")
    reason.text = fault.message
    reason.set("{http://www.w3.org/XML/1998/namespace}lang", "en-US")
    return envelope(payload)


def add(parent: etree._Element, tag: str, text: str | None = None) -> etree._Element:
    """A child element of `parent` with `text`, for building answers."""
    child = etree.SubElement(parent, tag)
    child.text = text
    return child


def nil(parent: etree._Element, tag: str) -> etree._Element:
    """An `xsi:nil` child, as WCF writes a nullable element that has no value."""
    child = etree.SubElement(parent, tag, nsmap={"xsi": XSI})
    child.set(q(XSI, "nil"), "true")
    return child


def text_of(parent: etree._Element, tag: str) -> str | None:
    """The stripped text of `parent`'s child `tag`; None if it is missing, empty or nil."""
    child = parent.find(tag)
    if child is None or child.get(q(XSI, "nil")) == "true":
        return None
    return (child.text or "").strip() or None
