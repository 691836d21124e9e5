"""PillowImageProcessor on real image files made with Pillow, and on hostile ones."""

import io
import random
import struct
import warnings
import zlib

import pytest
from PIL import Image, PngImagePlugin

from adapters.images import PillowImageProcessor
from pybossa_core import errors
from pybossa_core.ports import CropBox

RED, BLUE = (255, 0, 0), (0, 0, 255)
ORIENTATION = 0x0112


def _encoded(image: Image.Image, kind: str, **options) -> bytes:
    out = io.BytesIO()
    image.save(out, format=kind, **options)
    return out.getvalue()


def _halves(width: int, height: int) -> Image.Image:
    """Red on the left half, blue on the right."""
    image = Image.new("RGB", (width, height), RED)
    image.paste(BLUE, (width // 2, 0, width, height))
    return image


def _opened(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG"
    return image


def _chunk(kind: bytes, payload: bytes) -> bytes:
    body = kind + payload
    return struct.pack(">I", len(payload)) + body + struct.pack(">I", zlib.crc32(body))


def _png_claiming(width: int, height: int) -> bytes:
    """A few dozen bytes whose header declares width x height RGB pixels."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(b"\0" * 16))
        + _chunk(b"IEND", b"")
    )


def _refusal(data: bytes, box: CropBox | None = None, **limits) -> errors.InvalidInput:
    with pytest.raises(errors.InvalidInput) as refused:
        PillowImageProcessor(**limits).avatar(data, box)
    assert refused.value.target == "account"
    return refused.value


def test_a_png_is_cropped_to_the_box():
    data = _encoded(_halves(800, 600), "PNG")
    avatar = _opened(PillowImageProcessor().avatar(data, CropBox(400, 100, 300, 200)))
    assert avatar.size == (300, 200) and avatar.mode == "RGB"
    assert avatar.getcolors() == [(300 * 200, BLUE)]


def test_a_large_crop_is_shrunk_to_fit_the_avatar_size():
    data = _encoded(_halves(1600, 1200), "PNG")
    avatar = _opened(PillowImageProcessor(size=512).avatar(data, CropBox(0, 0, 1600, 1200)))
    assert avatar.size == (512, 384)


def test_without_a_box_a_jpeg_gives_its_centred_square():
    image = Image.new("RGB", (1000, 700), RED)
    image.paste(BLUE, (150, 0, 850, 700))
    avatar = _opened(PillowImageProcessor().avatar(_encoded(image, "JPEG", quality=95), None))
    assert avatar.size == (512, 512)
    red, green, blue = avatar.getpixel((5, 5))
    assert blue > 200 and red < 60


def test_the_box_is_read_in_the_exif_orientation():
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    data = _encoded(Image.new("RGB", (200, 100), RED), "JPEG", exif=exif.tobytes())
    avatar = _opened(PillowImageProcessor().avatar(data, CropBox(0, 150, 100, 50)))
    assert avatar.size == (100, 50)


def test_the_avatar_keeps_no_metadata_of_the_upload():
    text = PngImagePlugin.PngInfo()
    text.add_text("Comment", "taken at home")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    data = _encoded(Image.new("RGB", (64, 64), RED), "PNG", pnginfo=text, exif=exif.tobytes())
    avatar = _opened(PillowImageProcessor().avatar(data, None))
    assert not {"Comment", "exif", "icc_profile"} & set(avatar.info)
    assert dict(avatar.getexif()) == {}


@pytest.mark.parametrize("kind", ["GIF", "WEBP", "PNG"])
def test_transparent_images_stay_transparent(kind):
    image = Image.new("RGBA", (40, 40), (0, 0, 0, 0))
    image.paste((0, 0, 255, 255), (0, 0, 20, 40))
    avatar = _opened(PillowImageProcessor().avatar(_encoded(image, kind), None))
    assert avatar.mode == "RGBA" and avatar.getpixel((30, 5))[3] == 0
    assert avatar.getpixel((5, 5))[3] == 255


@pytest.mark.parametrize(
    "data", [b"just some text\n" * 10, b"", _encoded(Image.new("RGB", (8, 8)), "BMP")]
)
def test_anything_but_png_jpeg_gif_or_webp_is_not_an_image(data):
    refused = _refusal(data)
    assert refused.message.startswith("The file is not an image")
    assert refused.errors == {"avatar": [refused.message]}


def test_too_many_bytes_are_refused_before_reading_them():
    refused = _refusal(b"\x89PNG\r\n\x1a\n" + b"\0" * 2048, max_bytes=1024)
    assert refused.message == "The image is larger than 1024 bytes"


def test_a_decompression_bomb_is_refused_from_its_header():
    limit = Image.MAX_IMAGE_PIXELS
    refused = _refusal(_png_claiming(100_000, 100_000))
    assert refused.errors == {"avatar": ["The image is too large: at most 16000000 pixels"]}
    assert limit == Image.MAX_IMAGE_PIXELS


def test_the_local_pixel_limit_refuses_before_decoding():
    """Pillow's own limit lets 3000 x 3000 through; its body is garbage, so decoding fails."""
    png = _png_claiming(3000, 3000)
    assert (
        _refusal(png, max_pixels=1_000_000).message
        == "The image is too large: at most 1000000 pixels"
    )
    assert _refusal(png).message.startswith("The image is damaged")


def test_pillows_bomb_warning_turned_error_is_a_refusal_too():
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        refused = _refusal(_png_claiming(10_000, 10_000), max_pixels=10**9)
    assert "pixels" in refused.message


def test_a_truncated_image_is_refused_as_damaged():
    data = _encoded(_halves(300, 300), "PNG")
    refused = _refusal(data[: len(data) // 2])
    assert refused.message.startswith("The image is damaged")


@pytest.mark.filterwarnings("ignore::UserWarning", "ignore::RuntimeWarning")
@pytest.mark.parametrize("kind", ["PNG", "JPEG", "GIF", "WEBP"])
def test_corrupted_files_give_an_avatar_or_a_refusal_never_another_error(kind):
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    options = {} if kind == "GIF" else {"exif": exif.tobytes()}
    original = _encoded(_halves(40, 30), kind, **options)
    chance = random.Random(kind)
    for _ in range(300):
        damaged = bytearray(original)
        for _ in range(chance.randint(1, 8)):
            damaged[chance.randrange(len(damaged))] = chance.randrange(256)
        try:
            PillowImageProcessor().avatar(bytes(damaged), None)
        except errors.InvalidInput as refused:
            assert refused.errors == {"avatar": [refused.message]}


@pytest.mark.parametrize(
    "box, fields",
    [
        (CropBox(-1, 0, 10, 10), {"x1"}),
        (CropBox(0, 100, 10, 10), {"y1", "y2"}),
        (CropBox(0, 0, 0, 10), {"x2"}),
        (CropBox(90, 90, 20, 5), {"x2"}),
        (CropBox(0, 50, 10, 51), {"y2"}),
        (CropBox(0, 0, 10, -3), {"y2"}),
    ],
)
def test_a_box_outside_the_image_is_refused_per_edge(box, fields):
    refused = _refusal(_encoded(_halves(100, 100), "PNG"), box)
    assert refused.message == "The crop box does not fit in the image"
    assert set(refused.errors) == fields


@pytest.mark.parametrize("kind", ["JPEG", "PNG"])
@pytest.mark.parametrize("orientation", [1, 6])
def test_a_large_image_decoded_or_reduced_at_a_smaller_scale_is_still_cropped_to_the_box(
    kind, orientation
):
    """4000 x 2000 pixels, red then blue halves, shown as stored or turned a quarter (the
    blue half then below the red); the box lies in the blue half as shown."""
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    data = _encoded(_halves(4000, 2000), kind, exif=exif.tobytes())
    box = CropBox(2200, 300, 1600, 1600) if orientation == 1 else CropBox(300, 2200, 1600, 1600)
    avatar = _opened(PillowImageProcessor().avatar(data, box)).convert("RGB")
    assert avatar.size == (512, 512)
    for corner in ((5, 5), (506, 5), (5, 506), (506, 506)):
        red, _, blue = avatar.getpixel(corner)
        assert blue > 200 and red < 60, (corner, avatar.getpixel(corner))


MEMORY_PROBE = """
import io, resource, threading, sys
from PIL import Image
from adapters.images import PillowImageProcessor
def encoded(kind):
    out = io.BytesIO()
    Image.new("RGB", (4000, 4000), (10, 200, 30)).save(out, format=kind)
    return out.getvalue()
photos = [encoded("JPEG") for _ in range(4)] + [encoded("PNG") for _ in range(4)]
processor = PillowImageProcessor(max_bytes=50 * 2**20)
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
threads = [threading.Thread(target=processor.avatar, args=(photo, None)) for photo in photos]
for thread in threads: thread.start()
for thread in threads: thread.join()
print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024)
"""


def test_eight_parallel_16_megapixel_avatars_stay_within_a_memory_budget():
    """Decoded in full, all at once, they took about 850 MiB; the processor decodes JPEGs
    at a reduced scale and a few images at a time."""
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", MEMORY_PROBE],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    grown_mib = int(done.stdout.strip())
    assert grown_mib < 300, f"peak memory grew by {grown_mib} MiB"  # all at once: ~850
