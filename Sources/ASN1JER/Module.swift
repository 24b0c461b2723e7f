// ASN1JER module. (Module contents arrive with their issue.)
