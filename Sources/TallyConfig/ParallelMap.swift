import Dispatch
import Synchronization

extension Array where Element: Sendable {
    /// `transform` of every element, computed on all cores, in the original order.
    ///
    /// For independent work that is long in total and takes no locks of its own, such as parsing 2,000
    /// agreement files at start. The results are collected under a `Mutex`: `concurrentPerform` is
    /// synchronous, which an actor is not.
    func concurrentMap<T: Sendable>(_ transform: @Sendable (Element) -> T) -> [T] {
        guard count > 1 else { return map(transform) }
        let results = Mutex<[T?]>(Array<T?>(repeating: nil, count: count))
        let elements = self
        DispatchQueue.concurrentPerform(iterations: count) { index in
            let result = transform(elements[index])
            results.withLock { $0[index] = result }
        }
        return results.withLock { $0.compactMap { $0 } }
    }
}
