"""Who received what: the public page of the city's grants and contracts, with CSV and XLSX downloads."""
