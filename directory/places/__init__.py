"""Places: Norfolk's districts and postcode areas, and the prisons."""
