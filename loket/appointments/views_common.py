"""What the client and staff pages share."""


def qr_data_uri(reference: str) -> str:
    """The booking's QR code (its reference) as an SVG data URI: no inline script or style.
    segno is imported here, not with the module: it took 0.1 s of every process's start."""
    import segno

    return segno.make(reference, error="m").svg_data_uri(scale=4, border=2)
