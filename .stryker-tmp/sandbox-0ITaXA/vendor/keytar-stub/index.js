// @ts-nocheck
'use strict';
// Stand-in for keytar (see package.json). Every credential call fails clearly instead of silently.
function unavailable() {
  return Promise.reject(new Error('keytar is not available in this project: the Forge CLI credential store is not used here'));
}
module.exports = {
  getPassword: unavailable,
  setPassword: unavailable,
  deletePassword: unavailable,
  findPassword: unavailable,
  findCredentials: unavailable,
};
