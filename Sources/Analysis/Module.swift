// Analysis module. (Module contents arrive with their issue.)
