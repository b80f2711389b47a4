"""Draw static/img/og-card.png, the picture link previews show (Open Graph, 1200 × 630).

Run again only to change the card: `.venv/bin/python scripts/make_og_card.py`. Needs Pillow
(installed with django-ckeditor-5) and the DejaVu fonts (Debian's fonts-dejavu-core).
"""

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630
BRAND, GREEN, WHITE = "#00205b", "#3fa535", "#ffffff"
FONTS = Path("/usr/share/fonts/truetype/dejavu")
OUT = Path(__file__).resolve().parents[1] / "static" / "img" / "og-card.png"


def main():
    image = Image.new("RGB", (WIDTH, HEIGHT), BRAND)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, HEIGHT - 24, WIDTH, HEIGHT), fill=GREEN)
    bold = ImageFont.truetype(str(FONTS / "DejaVuSans-Bold.ttf"), 64)
    regular = ImageFont.truetype(str(FONTS / "DejaVuSans.ttf"), 44)
    draw.text((80, 150), "Cambridgeshire &", font=bold, fill=WHITE)
    draw.text((80, 230), "Peterborough", font=bold, fill=WHITE)
    draw.text((80, 310), "Combined Authority", font=bold, fill=WHITE)
    draw.rectangle((80, 420, 200, 428), fill=GREEN)
    draw.text((80, 460), "Governance and transparency", font=regular, fill=WHITE)
    image.save(OUT, optimize=True)


if __name__ == "__main__":
    main()
