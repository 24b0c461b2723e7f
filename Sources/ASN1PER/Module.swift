// ASN1PER module. (Module contents arrive with their issue.)
