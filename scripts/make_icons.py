"""Draw the app's icons (ours, no third-party art): two overlapping rings, two people who
have met, on the theme colour. Writes frontend/icons/*.png and icon.svg.

    .venv/bin/python scripts/make_icons.py
"""

from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parents[1] / "frontend" / "icons"
TEAL = (15, 118, 110, 255)
MINT = (153, 246, 228, 255)
WHITE = (255, 255, 255, 255)
SUPERSAMPLE = 4


def draw(size: int, *, maskable: bool) -> Image.Image:
    big = size * SUPERSAMPLE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    if maskable:  # full bleed: the platform cuts its own shape
        pen.rectangle((0, 0, big, big), fill=TEAL)
        scale = 0.72  # keep the rings inside the 80 % safe zone
    else:
        pen.rounded_rectangle((0, 0, big - 1, big - 1), radius=big * 0.22, fill=TEAL)
        scale = 0.9
    for centre_x, colour in ((0.39, WHITE), (0.61, MINT)):
        radius = 0.2 * scale * big
        cx = big / 2 + (centre_x - 0.5) * scale * big
        cy = big / 2
        width = max(1, round(0.06 * scale * big))
        pen.ellipse(
            (cx - radius, cy - radius, cx + radius, cy + radius), outline=colour, width=width
        )
    return image.resize((size, size), Image.Resampling.LANCZOS)


SVG = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">
<rect width="100" height="100" rx="22" fill="#0f766e"/>
<circle cx="40" cy="50" r="18" fill="none" stroke="#fff" stroke-width="5.4"/>
<circle cx="60" cy="50" r="18" fill="none" stroke="#99f6e4" stroke-width="5.4"/>
</svg>
"""


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    draw(192, maskable=False).save(OUT / "icon-192.png", optimize=True)
    draw(512, maskable=False).save(OUT / "icon-512.png", optimize=True)
    draw(512, maskable=True).save(OUT / "maskable-512.png", optimize=True)
    # iOS draws its own rounded corners and shows transparency as black: full bleed.
    draw(180, maskable=True).convert("RGB").save(OUT / "apple-touch-icon.png", optimize=True)
    (OUT / "icon.svg").write_text(SVG)


if __name__ == "__main__":
    main()
