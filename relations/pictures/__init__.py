"""Pictures drawn on the server: charts and timelines as SVG, from rows read elsewhere."""
