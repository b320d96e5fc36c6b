"""What the client and staff pages share."""

import segno


def qr_data_uri(reference: str) -> str:
    """The booking's QR code (its reference) as an SVG data URI: no inline script or style."""
    return segno.make(reference, error="m").svg_data_uri(scale=4, border=2)
