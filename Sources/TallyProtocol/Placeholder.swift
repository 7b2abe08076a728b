// TallyProtocol: see the module's files.
