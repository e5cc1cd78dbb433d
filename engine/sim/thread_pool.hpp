#pragma once
// A fixed set of worker threads that run one indexed loop at a time. Which thread runs
// which index is left to chance; callers write each index's result to its own slot, so
// results never depend on the thread count.
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace offersim::sim {

class ThreadPool {
public:
    explicit ThreadPool(int threads);
    ~ThreadPool();
    ThreadPool(const ThreadPool&) = delete;
    ThreadPool& operator=(const ThreadPool&) = delete;

    int size() const { return static_cast<int>(workers_.size()) + 1; }

    // Calls body(i) for every i in [0, n), on the workers and the calling thread, and
    // returns when all calls have returned. The first exception thrown is rethrown here.
    void parallel_for(std::size_t n, const std::function<void(std::size_t)>& body);

private:
    void work_loop();
    void run_items();

    std::vector<std::thread> workers_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::condition_variable done_;
    const std::function<void(std::size_t)>* body_ = nullptr;
    std::size_t count_ = 0;
    std::size_t next_ = 0;
    std::size_t generation_ = 0;
    int busy_workers_ = 0;
    bool stopping_ = false;
    std::exception_ptr error_;
};

}  // namespace offersim::sim
