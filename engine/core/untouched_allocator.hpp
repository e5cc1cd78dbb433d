#pragma once
// An allocator for the customer store's columns. Its memory reads as zeros until written, and
// growing a vector without a value (resize(n)) leaves a trivially constructible element
// unwritten, so a column of zeros costs no pass over it: a page becomes resident only when
// something writes it, and a rank that steps part of a run's customers holds only their pages
// (docs/architecture.md, "Ranks"). Growing with a value (assign(n, v), resize(n, v)) writes
// every element, as with std::allocator.
//
// A block of kHugePageBytes or more is mapped on its own, 2 MB aligned, and advised as
// transparent huge pages: its first write takes one page fault per 2 MB where 4 KB pages take
// 512 (a fault costs microseconds in a virtual machine). Resident memory then grows by 2 MB at
// a time, so a column may hold up to kHugePageBytes more than its elements.
#include <cstddef>
#include <new>
#include <type_traits>
#include <utility>

namespace offersim {

inline constexpr std::size_t kHugePageBytes = std::size_t{2} << 20;

// `bytes` of zeros: mapped in whole huge pages from kHugePageBytes up, else from the heap.
// Throws std::bad_alloc when the system has none.
void* allocate_zeroed(std::size_t bytes);
// Frees what allocate_zeroed(bytes) returned.
void free_zeroed(void* block, std::size_t bytes) noexcept;

template <typename T>
struct UntouchedAllocator {
    using value_type = T;

    UntouchedAllocator() noexcept = default;
    template <typename U>
    UntouchedAllocator(const UntouchedAllocator<U>&) noexcept {}

    T* allocate(std::size_t n) {
        if (n > static_cast<std::size_t>(-1) / sizeof(T)) throw std::bad_array_new_length();
        return static_cast<T*>(allocate_zeroed(n * sizeof(T)));
    }
    void deallocate(T* p, std::size_t n) noexcept { free_zeroed(p, n * sizeof(T)); }

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
