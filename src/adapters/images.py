"""Avatars with Pillow: refuse what is not a small image, crop to the box, shrink, save as PNG.

The pixel limit is checked here, from the size in the file's header, before any pixel is
decoded; Pillow's global `Image.MAX_IMAGE_PIXELS` is left as it is (its own bomb error, or its
warning where a filter turns warnings into errors, is a refusal too). Animated GIF and WEBP
files give their first frame.

Pillow reports a malformed file with OSError, SyntaxError, ValueError, struct.error or EOFError
depending on the format and where the damage is; only the Pillow calls that read the upload are
guarded, and any of these there means a damaged image.
"""
import io
import logging
import struct

from PIL import Image, UnidentifiedImageError

from pybossa_core import errors, ports

logger = logging.getLogger(__name__)

FORMATS = ("PNG", "JPEG", "GIF", "WEBP")
MiB = 1024 * 1024
BOMB = (Image.DecompressionBombError, Image.DecompressionBombWarning)
DAMAGED = (OSError, SyntaxError, ValueError, struct.error, EOFError)
ORIENTATION = 0x0112
UPRIGHT = {
    2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM, 5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270, 7: Image.Transpose.TRANSVERSE, 8: Image.Transpose.ROTATE_90,
}
"""How to turn an image upright for each EXIF orientation (as ImageOps.exif_transpose)."""


class PillowImageProcessor(ports.ImageProcessor):
    """PNG avatars of at most size x size pixels from PNG, JPEG, GIF or WEBP uploads."""

    def __init__(self, max_bytes: int = 5 * MiB, max_pixels: int = 25_000_000,
                 size: int = 512) -> None:
        self.max_bytes = max_bytes
        self.max_pixels = max_pixels
        self.size = size

    def avatar(self, data: bytes, box: ports.CropBox | None) -> bytes:
        """Crop to the box (None: the centred square), shrink to fit, re-encode as PNG.

        The box is read in the image as it is shown, i.e. after its EXIF orientation.
        """
        if len(data) > self.max_bytes:
            raise _refused(f"The image is too large: at most {self.max_bytes} bytes")
        upright = self._decoded(data)
        cropped = upright.crop(_area(upright.size, box))
        avatar = cropped.convert("RGBA" if cropped.has_transparency_data else "RGB")
        avatar.thumbnail((self.size, self.size), Image.Resampling.LANCZOS)
        return _png(avatar)

    def _decoded(self, data: bytes) -> Image.Image:
        """The image's pixels, turned upright; refused before decoding when too many."""
        try:
            with Image.open(io.BytesIO(data), formats=FORMATS) as image:
                self._check_pixels(image.size)
                image.load()
                return _upright(image)
        except UnidentifiedImageError:
            raise _refused("The file is not an image (PNG, JPEG, GIF or WEBP)") from None
        except BOMB:
            raise _refused(_too_many(self.max_pixels)) from None
        except DAMAGED as exc:
            logger.info("refused a damaged image: %s", exc)
            raise _refused("The image is damaged or incomplete") from None

    def _check_pixels(self, size: tuple[int, int]) -> None:
        width, height = size
        if width * height > self.max_pixels:
            raise _refused(_too_many(self.max_pixels))


def _upright(image: Image.Image) -> Image.Image:
    """A copy of the image turned as its EXIF orientation says; the EXIF itself is dropped."""
    method = UPRIGHT.get(image.getexif().get(ORIENTATION))
    return image.transpose(method) if method else image.copy()


def _area(size: tuple[int, int], box: ports.CropBox | None) -> tuple[int, int, int, int]:
    """(left, top, right, bottom) of the box, which must lie within an image of this size."""
    width, height = size
    if box is None:
        side = min(width, height)
        left, top = (width - side) // 2, (height - side) // 2
        return left, top, left + side, top + side
    problems = {}
    if not 0 <= box.left < width:
        problems["x1"] = [f"The left edge must be between 0 and {width - 1}"]
    if not 0 <= box.top < height:
        problems["y1"] = [f"The top edge must be between 0 and {height - 1}"]
    if box.width <= 0 or box.left + box.width > width:
        problems["x2"] = [f"The box must be wider than 0 and end by x = {width}"]
    if box.height <= 0 or box.top + box.height > height:
        problems["y2"] = [f"The box must be taller than 0 and end by y = {height}"]
    if problems:
        raise errors.InvalidInput("The crop box does not fit in the image", "account", problems)
    return box.left, box.top, box.left + box.width, box.top + box.height


def _png(image: Image.Image) -> bytes:
    """The pixels as PNG, with none of the upload's metadata (EXIF, ICC profile, text)."""
    image.info = {}
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _too_many(max_pixels: int) -> str:
    return f"The image is too large: at most {max_pixels} pixels"


def _refused(message: str) -> errors.InvalidInput:
    return errors.InvalidInput(message, "account", {"avatar": [message]})
