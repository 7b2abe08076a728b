/// What `org.varlink.service.GetInfo` tells about the service.
public struct VarlinkServiceInfo: Codable, Sendable, Hashable {
    /// Who makes the service.
    public var vendor: String
    /// The product's name.
    public var product: String
    /// The product's version.
    public var version: String
    /// Where to read about it.
    public var url: String
    /// The interfaces served, `org.varlink.service` first.
    public var interfaces: [String]

    /// A service description.
    public init(vendor: String, product: String, version: String, url: String, interfaces: [String] = []) {
        self.vendor = vendor
        self.product = product
        self.version = version
        self.url = url
        self.interfaces = interfaces
    }
}

/// A Varlink interface: its name and its description in the interface definition language.
public struct VarlinkInterface: Sendable, Hashable {
    /// The interface's name, e.g. `io.tally`.
    public var name: String
    /// The interface description, served verbatim.
    public var description: String

    /// An interface with the given name and description.
    public init(name: String, description: String) {
        self.name = name
        self.description = description
    }

    /// The standard `org.varlink.service` interface every Varlink service implements.
    public static let service = VarlinkInterface(
        name: "org.varlink.service",
        description: """
            # The Varlink Service Interface is provided by every varlink service. It
            # describes the service and the interfaces it implements.
            interface org.varlink.service

            # Get a list of all the interfaces a service provides and information
            # about the implementation.
            method GetInfo() -> (
              vendor: string,
              product: string,
              version: string,
              url: string,
              interfaces: []string
            )

            # Get the description of an interface that is implemented by this service.
            method GetInterfaceDescription(interface: string) -> (description: string)

            # The requested interface was not found.
            error InterfaceNotFound (interface: string)

            # The requested method was not found
            error MethodNotFound (method: string)

            # The interface defines the requested method, but the service does not
            # implement it.
            error MethodNotImplemented (method: string)

            # One of the passed parameters is invalid.
            error InvalidParameter (parameter: string)

            # Client is denied access
            error PermissionDenied ()

            # Method is expected to be called with 'more' set to true, but wasn't
            error ExpectedMore ()

            """
    )

    /// `org.varlink.service.GetInfo`.
    public static let getInfo = VarlinkMethod<VarlinkEmpty, VarlinkServiceInfo>("org.varlink.service.GetInfo")
    /// `org.varlink.service.GetInterfaceDescription`.
    public static let getInterfaceDescription = VarlinkMethod<InterfaceDescriptionParameters, InterfaceDescriptionReply>(
        "org.varlink.service.GetInterfaceDescription"
    )

    /// Parameters of `GetInterfaceDescription`.
    public struct InterfaceDescriptionParameters: Codable, Sendable, Hashable {
        /// The interface's name.
        public var interface: String
        /// Parameters naming `interface`.
        public init(interface: String) { self.interface = interface }
    }

    /// Reply of `GetInterfaceDescription`.
    public struct InterfaceDescriptionReply: Codable, Sendable, Hashable {
        /// The interface description.
        public var description: String
        /// A reply carrying `description`.
        public init(description: String) { self.description = description }
    }
}
