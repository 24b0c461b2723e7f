// ASN1Compiler module. (Module contents arrive with their issue.)
