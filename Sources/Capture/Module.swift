// Capture module. (Module contents arrive with their issue.)
