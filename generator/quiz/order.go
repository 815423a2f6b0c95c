package quiz

import "hash/fnv"

// OrderShown returns the order in which the items of the order question at questionIndex are
// shown: element k is the index, in the right order, of the item shown k-th. The permutation is
// the same on every build and every load, so a student's saved arrangement still makes sense
// after a rebuild, and for two or more items it is never the right order itself. It returns nil
// for a question that is not an order question.
//
// The permutation is a Fisher–Yates shuffle driven by SplitMix64, seeded with the FNV-1a 64-bit
// hash of quiz id + "/" + question id; when that yields the identity, the items are rotated left
// by one. The browser does not need to reproduce this: ClientJSON carries the result as "shown".
func (q *Quiz) OrderShown(questionIndex int) []int {
	if questionIndex < 0 || questionIndex >= len(q.Questions) {
		return nil
	}
	question := q.Questions[questionIndex]
	if question.Type != Order {
		return nil
	}
	n := len(question.Items)
	shown := make([]int, n)
	for i := range shown {
		shown[i] = i
	}
	h := fnv.New64a()
	h.Write([]byte(q.ID + "/" + question.ID))
	state := h.Sum64()
	for i := n - 1; i > 0; i-- {
		state += 0x9e3779b97f4a7c15
		j := int(splitmix64(state) % uint64(i+1))
		shown[i], shown[j] = shown[j], shown[i]
	}
	if isIdentity(shown) && n >= 2 {
		shown = append(shown[1:], shown[0])
	}
	return shown
}

// splitmix64 is the output function of the SplitMix64 generator for a given state.
func splitmix64(z uint64) uint64 {
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

func isIdentity(p []int) bool {
	for i, v := range p {
		if v != i {
			return false
		}
	}
	return true
}
