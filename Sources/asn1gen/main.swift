print("asn1gen")
