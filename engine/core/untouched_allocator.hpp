#pragma once
// An allocator that leaves a trivially constructible element unwritten when a vector grows
// without a value (resize(n)). A large column then takes fresh pages from the system, and a
// page becomes resident only when something writes it: a rank that steps part of a run's
// customers holds only their pages (docs/architecture.md, "Ranks"). Growing with a value
// (assign(n, v), resize(n, v)) writes every element, as with std::allocator.
#include <memory>
#include <new>
#include <type_traits>
#include <utility>

namespace offersim {

template <typename T>
struct UntouchedAllocator : std::allocator<T> {
    using value_type = T;
    template <typename U>
    struct rebind {
        using other = UntouchedAllocator<U>;
    };

    UntouchedAllocator() noexcept = default;
    template <typename U>
    UntouchedAllocator(const UntouchedAllocator<U>&) noexcept {}

    template <typename U>
    void construct(U* p) noexcept(std::is_nothrow_default_constructible_v<U>) {
        ::new (static_cast<void*>(p)) U;  // default-initialised: a trivial U is not written
    }
    template <typename U, typename... Args>
    void construct(U* p, Args&&... args) {
        ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
    }
};

template <typename T, typename U>
bool operator==(const UntouchedAllocator<T>&, const UntouchedAllocator<U>&) noexcept {
    return true;
}

}  // namespace offersim
