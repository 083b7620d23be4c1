"""Organisation logos and photos as uploaded: checked, decoded, shrunk and re-encoded.

An upload is accepted only if Pillow decodes it as PNG, JPEG or WebP (what it says it is
does not count), it is at most ``MAX_BYTES``, and it declares at most ``MAX_PIXELS`` pixels
(checked from its header before any pixel is decoded: a small file can declare a huge
image, a decompression bomb). It is then turned upright (EXIF orientation), shrunk to fit
``MAX_SIDE`` pixels and written again as PNG: what is stored carries no metadata (no GPS
position from a phone's photo, no camera serial number) and is small enough for a page
or a badge. Each refusal names what is wrong, with ``code`` and ``values`` for the
interfaces to say it in their language.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from typing import Any

IMAGE_KINDS = ("logo", "photo")
FORMATS = ("PNG", "JPEG", "WEBP")
MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a 40-megapixel photo is fine; more is not a logo
MAX_SIDE = 256
MEDIA_TYPE = "image/png"


class InvalidImage(ValueError):
    def __init__(self, code: str, message: str, **values: Any):
        super().__init__(message)
        self.code = code
        self.values = values


@dataclass(frozen=True)
class PreparedImage:
    data: bytes  # PNG
    width: int
    height: int
    media_type: str = MEDIA_TYPE


def prepare_image(data: bytes, *, name: str = "the file", max_bytes: int = MAX_BYTES,
                  max_pixels: int = MAX_PIXELS, max_side: int = MAX_SIDE) -> PreparedImage:
    """The stored form of an uploaded image, or InvalidImage saying why not."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    if not data:
        raise InvalidImage("image_empty", f"{name} is empty", name=name)
    if len(data) > max_bytes:
        raise InvalidImage("image_too_big", f"{name} is {len(data) / 1e6:.1f} MB; "
                           f"the limit is {max_bytes / 1e6:.0f} MB", name=name,
                           size_mb=len(data) / 1e6, limit_mb=max_bytes / 1e6)
    with warnings.catch_warnings():
        # Pillow warns (and past twice its limit raises) on huge images: both are refusals
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=list(FORMATS))
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise InvalidImage("image_too_many_pixels", f"{name} declares too many pixels; "
                               f"the limit is {max_pixels / 1e6:.0f} million", name=name,
                               width=0, height=0) from None
        except (UnidentifiedImageError, OSError, ValueError):
            raise InvalidImage("image_not_image", f"{name} is not a PNG, JPEG or WebP image",
                               name=name) from None
        width, height = image.size
        if width * height > max_pixels or width <= 0 or height <= 0:
            raise InvalidImage("image_too_many_pixels",
                               f"{name} declares {width} x {height} pixels; the limit is "
                               f"{max_pixels / 1e6:.0f} million", name=name, width=width,
                               height=height)
        try:
            image.seek(0)  # an animation: its first frame
            image.load()
            image = ImageOps.exif_transpose(image)
        except (OSError, ValueError, SyntaxError, Image.DecompressionBombError,
                Image.DecompressionBombWarning):
            raise InvalidImage("image_broken", f"{name} is damaged: it could not be decoded",
                               name=name) from None
    image = image.convert("RGBA" if image.mode in ("RGBA", "LA", "P", "PA") else "RGB")
    image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)  # a new file: no EXIF, no text chunks
    return PreparedImage(out.getvalue(), image.width, image.height)
