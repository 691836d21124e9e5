"""Avatars with Pillow: refuse what is not a small image, crop to the box, shrink, save as PNG.

The pixel limit is checked here, from the size in the file's header, before any pixel is
decoded; Pillow's global `Image.MAX_IMAGE_PIXELS` is left as it is (its own bomb error, or its
warning where a filter turns warnings into errors, is a refusal too). Animated GIF and WEBP
files give their first frame.

Memory is bounded per process: a JPEG is decoded at the smallest scale libjpeg offers that
still gives the avatar its full size (a 4000-pixel photo for a 512-pixel avatar: an eighth of
the pixels), other formats are capped by the pixel limit, and only a few decodes run at once.

Pillow reports a malformed file with OSError, SyntaxError, ValueError, struct.error or EOFError
depending on the format and where the damage is; only the Pillow calls that read the upload are
guarded, and any of these there means a damaged image.
"""

import io
import logging
import math
import struct
import threading

from PIL import Image, UnidentifiedImageError

from pybossa_core import errors, ports

logger = logging.getLogger(__name__)

FORMATS = ("PNG", "JPEG", "GIF", "WEBP")
MiB = 1024 * 1024
BOMB = (Image.DecompressionBombError, Image.DecompressionBombWarning)
DAMAGED = (OSError, SyntaxError, ValueError, struct.error, EOFError)
ORIENTATION = 0x0112
TURNED = frozenset({5, 6, 7, 8})  # EXIF orientations that swap width and height
UPRIGHT = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
"""How to turn an image upright for each EXIF orientation (as ImageOps.exif_transpose)."""


class PillowImageProcessor(ports.ImageProcessor):
    """PNG avatars of at most size x size pixels from PNG, JPEG, GIF or WEBP uploads."""

    def __init__(
        self,
        max_bytes: int = 5 * MiB,
        max_pixels: int = 16_000_000,
        size: int = 512,
        concurrent_decodes: int = 2,
    ) -> None:
        self.max_bytes = max_bytes
        self.max_pixels = max_pixels
        self.size = size
        # Decoded pixels are what costs memory (16 MP of RGBA: 64 MiB): a few at a time per
        # process, whatever the number of threads serving uploads.
        self._decoding = threading.BoundedSemaphore(concurrent_decodes)

    def avatar(self, data: bytes, box: ports.CropBox | None) -> bytes:
        """Crop to the box (None: the centred square), shrink to fit, re-encode as PNG.

        The box is read in the image as it is shown, i.e. after its EXIF orientation.
        """
        if len(data) > self.max_bytes:
            raise _refused(f"The image is larger than {self.max_bytes} bytes")
        with self._decoding:
            cropped = self._cropped(data, box)
            mode = "RGBA" if cropped.has_transparency_data else "RGB"
            avatar = cropped if cropped.mode == mode else cropped.convert(mode)
            avatar.thumbnail((self.size, self.size), Image.Resampling.LANCZOS)
            return _png(avatar)

    def _cropped(self, data: bytes, box: ports.CropBox | None) -> Image.Image:
        """The box of the image as it is shown (turned upright), at no more than about twice
        the avatar's size; refused before decoding when there are too many pixels or the box
        does not fit. Only the decoded image and the (small) result are ever in memory."""
        try:
            with Image.open(io.BytesIO(data), formats=FORMATS) as image:
                self._check_pixels(image.size)
                turned = image.getexif().get(ORIENTATION) in TURNED
                width, height = image.size[::-1] if turned else image.size
                area = _area((width, height), box)
                scale = self._reduce_while_decoding(image, area)
                image.load()
                factor = max(1, int(_longest(area) * scale) // self.size)
                small = image.reduce(factor) if factor > 1 else image
                upright = _upright(small)
                return upright.crop(_scaled(area, scale / factor, upright.size))
        except UnidentifiedImageError:
            raise _refused("The file is not an image (PNG, JPEG, GIF or WEBP)") from None
        except BOMB:
            raise _refused(_too_many(self.max_pixels)) from None
        except DAMAGED as exc:
            logger.info("refused a damaged image: %s", exc)
            raise _refused("The image is damaged or incomplete") from None

    def _reduce_while_decoding(self, image: Image.Image, area: tuple[int, int, int, int]) -> float:
        """Let libjpeg decode a JPEG at 1/2, 1/4 or 1/8 scale where the crop area keeps at least
        the avatar's size; returns the scale the pixels will have (1.0 for other formats)."""
        if image.format != "JPEG":
            return 1.0
        factor = min(1.0, self.size / _longest(area))  # the side the thumbnail fits in size
        full = image.size
        wanted = (math.ceil(full[0] * factor), math.ceil(full[1] * factor))
        image.draft(image.mode, wanted)
        return image.size[0] / full[0]  # libjpeg scales both sides alike

    def _check_pixels(self, size: tuple[int, int]) -> None:
        width, height = size
        if width * height > self.max_pixels:
            raise _refused(_too_many(self.max_pixels))


def _upright(image: Image.Image) -> Image.Image:
    """The image turned as its EXIF orientation says (a copy), or the image itself."""
    method = UPRIGHT.get(image.getexif().get(ORIENTATION))
    return image.transpose(method) if method else image


def _longest(area: tuple[int, int, int, int]) -> int:
    return max(area[2] - area[0], area[3] - area[1])


def _scaled(
    area: tuple[int, int, int, int], scale: float, bounds: tuple[int, int]
) -> tuple[int, int, int, int]:
    """The crop area in pixels decoded or reduced to `scale`, its sides scaled alike (a square
    stays a square), within the image's `bounds`."""
    if scale == 1.0:
        return area
    width = max(1, round((area[2] - area[0]) * scale))
    height = max(1, round((area[3] - area[1]) * scale))
    left = min(math.floor(area[0] * scale), bounds[0] - width)
    top = min(math.floor(area[1] * scale), bounds[1] - height)
    return max(0, left), max(0, top), max(0, left) + width, max(0, top) + height


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
