#include "engine/sim/thread_pool.hpp"

namespace offersim::sim {

ThreadPool::ThreadPool(int threads) {
    for (int i = 1; i < threads; ++i) workers_.emplace_back([this] { work_loop(); });
}

ThreadPool::~ThreadPool() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    for (auto& w : workers_) w.join();
}

void ThreadPool::run_items() {
    std::unique_lock lock(mutex_);
    while (next_ < count_) {
        const std::size_t i = next_++;
        lock.unlock();
        try {
            (*body_)(i);
        } catch (...) {
            lock.lock();
            if (!error_) error_ = std::current_exception();
            next_ = count_;  // stop handing out work
            continue;
        }
        lock.lock();
    }
}

void ThreadPool::work_loop() {
    std::size_t seen = 0;
    std::unique_lock lock(mutex_);
    for (;;) {
        wake_.wait(lock, [&] { return stopping_ || generation_ != seen; });
        if (stopping_) return;
        seen = generation_;
        ++busy_workers_;
        lock.unlock();
        run_items();
        lock.lock();
        --busy_workers_;
        done_.notify_all();
    }
}

void ThreadPool::parallel_for(std::size_t n, const std::function<void(std::size_t)>& body) {
    {
        std::lock_guard lock(mutex_);
        body_ = &body;
        count_ = n;
        next_ = 0;
        error_ = nullptr;
        ++generation_;
    }
    wake_.notify_all();
    run_items();
    std::unique_lock lock(mutex_);
    // Every item has been handed out; once no worker is inside run_items, every item has
    // returned and none can still be reading body_.
    done_.wait(lock, [&] { return busy_workers_ == 0; });
    body_ = nullptr;
    if (error_) std::rethrow_exception(error_);
}

}  // namespace offersim::sim
