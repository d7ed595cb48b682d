"""Runtime kit of the e-services platform, shared by the services and by municipal handlers."""
