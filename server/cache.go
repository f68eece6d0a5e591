package server

import "sync"

// Bounds of a model's cache of answers.
const (
	cacheEntries  = 8192
	cacheBytes    = 32 << 20
	cacheEntryMax = 64 << 10
)

// answerCache keeps the JSON bodies of recent questions to one loaded
// model. A model never changes once loaded and each reload brings a new
// cache, so entries need no invalidation. When full, an arbitrary entry
// makes room.
type answerCache struct {
	mu      sync.RWMutex
	entries map[string][]byte
	bytes   int
}

func newAnswerCache() *answerCache {
	return &answerCache{entries: map[string][]byte{}}
}

func (c *answerCache) get(key string) ([]byte, bool) {
	c.mu.RLock()
	body, ok := c.entries[key]
	c.mu.RUnlock()
	return body, ok
}

// put keeps body under key unless it is too large to be worth keeping.
func (c *answerCache) put(key string, body []byte) {
	size := len(key) + len(body)
	if size > cacheEntryMax {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.entries[key]; ok {
		return
	}
	for k, v := range c.entries {
		if len(c.entries) < cacheEntries && c.bytes+size <= cacheBytes {
			break
		}
		delete(c.entries, k)
		c.bytes -= len(k) + len(v)
	}
	c.entries[key] = body
	c.bytes += size
}
