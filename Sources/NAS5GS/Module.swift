// NAS5GS module. (Module contents arrive with their issue.)
