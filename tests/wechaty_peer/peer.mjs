#!/usr/bin/env node
/**
 * A real Wechaty puppet-service gateway for the bot's tests.
 *
 * It serves `wechaty-puppet-mock` through `wechaty-puppet-service`'s PuppetServer (plaintext
 * gRPC on 127.0.0.1, token auth), exactly what a puppet provider or a self-run gateway exposes
 * to python-wechaty. The test drives it over stdin/stdout with one JSON object per line.
 *
 * Usage: node peer.mjs [--port N] [--token T] [--bot-id ID] [--bot-name NAME]
 *
 * stdout (JSON lines, nothing else is written there):
 *   {"event":"listening","port":N,"token":T,"bot_id":ID}        once the gRPC server is bound
 *   {"event":"sent","id":..,"room_id":..,"to_id":..,"text":..,"mentions":[..]}
 *                                                              every message the bot sends
 *   {"event":"sent","id":..,"room_id":..,"to_id":..,"text":"","mentions":[],
 *    "file":{"name":..,"size":N,"sha256":..}}                  every file the bot sends
 *   {"event":"client","connected":true|false}                 the bot's event stream came/went
 *   {"event":"friendship_accepted","id":..}                    the bot accepted a friend request
 *   {"reply":SEQ,"ok":true,...} / {"reply":SEQ,"ok":false,"error":".."}   per command
 *
 * stdin commands ({"seq":N,"cmd":..}):
 *   contacts  {"contacts":[{"id","name","alias"?}]}           create contacts (WeChat users)
 *   rooms     {"rooms":[{"id","topic","members":[ids]}]}     create rooms; the bot is added
 *   say       {"from","text","room"?,"mentions"?,"id"?,"timestamp"?}
 *             a contact says text in a room (or privately to the bot); replies with the
 *             message's id and timestamp. With an "id" this process already knows, the same
 *             message is emitted again, as a gateway redelivering it.
 *             While no bot is connected, messages are held and delivered when it connects,
 *             the way providers push what arrived during a disconnection.
 *   friend_request {"from":{"id","name","phone"?},"hello"?,"id"?}
 *             someone (a new contact unless known) asks to become the bot's friend; replies
 *             with the friendship's id
 *             With "media":{"kind":"image"|"audio"|"video"|"attachment","name","base64"} the
 *             message is a photo, voice, video or file, served by MessageImage / MessageFile.
 *   logout / login                                            the bot's account logs out / in
 *   stop                                                      shut down and exit 0
 *
 * Logs (brolog, level from WECHATY_LOG, default "warn") go to stderr.
 */
import crypto from 'node:crypto'
import util from 'node:util'
import readline from 'node:readline'

// Everything that logs through console must stay off stdout, which carries the protocol.
for (const name of ['log', 'info', 'debug', 'warn', 'error']) {
  console[name] = (...args) => process.stderr.write(util.format(...args) + '\n')
}

const { grpc } = await import('wechaty-grpc')
const PUPPET = await import('wechaty-puppet')
const { PuppetMock, mock } = await import('wechaty-puppet-mock')
const { PuppetServer } = await import('wechaty-puppet-service')
const { FileBox } = await import('file-box')

PUPPET.log.level((process.env.WECHATY_LOG || 'warn').toLowerCase())

function parseArgs (argv) {
  const args = { port: 0, token: 'lianhu-test-token', botId: 'wxid_lianhu_bot', botName: '联户助手' }
  for (let i = 0; i < argv.length; i += 2) {
    const [key, value] = [argv[i], argv[i + 1]]
    if (key === '--port') args.port = Number(value)
    else if (key === '--token') args.token = value
    else if (key === '--bot-id') args.botId = value
    else if (key === '--bot-name') args.botName = value
    else throw new Error(`unknown argument ${key}`)
  }
  return args
}

const args = parseArgs(process.argv.slice(2))
const emitLine = (obj) => process.stdout.write(JSON.stringify(obj) + '\n')

let messageCounter = 0
const newMessageId = (prefix) => `${prefix}-${process.pid}-${Date.now()}-${++messageCounter}`

/**
 * The mock puppet with the behaviour a real puppet has and the stock mock lacks:
 * `messageSendText` returns the id of the message it created (python-wechaty's `say()` loads it),
 * keeps the mention ids, and the account logs in and reports `ready` whenever the puppet starts
 * (python-wechaty calls Stop then Start on every connection).
 */
const MEDIA_TYPES = {
  image: PUPPET.types.Message.Image,
  audio: PUPPET.types.Message.Audio,
  video: PUPPET.types.Message.Video,
  attachment: PUPPET.types.Message.Attachment,
}
/** The file of each media message the test sent, by message id. */
const mediaFiles = new Map()

function mediaFile (messageId) {
  const box = mediaFiles.get(messageId)
  if (!box) throw new Error(`no file for message ${messageId}`)
  return box
}

class PeerPuppet extends PuppetMock {
  async messageImage (messageId) {
    return mediaFile(messageId)
  }

  async messageFile (messageId) {
    return mediaFile(messageId)
  }

  async onStart () {
    await super.onStart()
    setImmediate(() => {
      if (!this.isLoggedIn) this.login(args.botId)
      this.emit('ready', { data: 'ready' })
    })
  }

  conversation (conversationId) {
    if (!this.isLoggedIn) throw new Error('not logged in')
    const isRoom = this.mocker.cacheRoomPayload.has(conversationId)
    if (!isRoom && !this.mocker.cacheContactPayload.has(conversationId)) {
      throw new Error(`no such conversation: ${conversationId}`)
    }
    return isRoom
  }

  async messageSendFile (conversationId, fileBox) {
    const isRoom = this.conversation(conversationId)
    const buffer = await fileBox.toBuffer()
    const id = newMessageId('file')
    emitLine({
      event: 'sent',
      id,
      room_id: isRoom ? conversationId : null,
      to_id: isRoom ? null : conversationId,
      text: '',
      mentions: [],
      file: { name: fileBox.name, size: buffer.length, sha256: crypto.createHash('sha256').update(buffer).digest('hex') },
    })
    return id
  }

  async messageSendText (conversationId, text, mentionIdList = []) {
    const isRoom = this.conversation(conversationId)
    const payload = {
      id: newMessageId('sent'),
      talkerId: this.currentUserId,
      timestamp: Date.now(),
      type: PUPPET.types.Message.Text,
      text,
      ...(isRoom
        ? { roomId: conversationId, mentionIdList: [...mentionIdList] }
        : { listenerId: conversationId }),
    }
    this.mocker.MessageMock.create(payload)
    emitLine({
      event: 'sent',
      id: payload.id,
      room_id: isRoom ? conversationId : null,
      to_id: isRoom ? null : conversationId,
      text,
      mentions: [...mentionIdList],
    })
    // A real account sees its own messages too; the bot must ignore them.
    this.emit('message', { messageId: payload.id })
    return payload.id
  }

  async friendshipAccept (friendshipId) {
    const payload = await this.friendshipPayload(friendshipId)
    if (payload.type !== PUPPET.types.Friendship.Receive) throw new Error(`not a received request: ${friendshipId}`)
    emitLine({ event: 'friendship_accepted', id: friendshipId })
  }
}

const mocker = new mock.Mocker()
const puppet = new PeerPuppet({ mocker })
mocker.createContact({ id: args.botId, name: args.botName })

/** True while python-wechaty's event stream is attached (it listens to `message`). */
const clientConnected = () => puppet.listenerCount('message') > 0
const held = []

puppet.on('newListener', (event) => {
  if (event !== 'message') return
  emitLine({ event: 'client', connected: true })
  // Let login/ready reach the client first, then deliver what arrived meanwhile.
  setTimeout(() => {
    while (held.length > 0 && clientConnected()) puppet.emit('message', { messageId: held.shift() })
  }, 300)
})
puppet.on('removeListener', (event) => {
  if (event === 'message' && !clientConnected()) emitLine({ event: 'client', connected: false })
})

function deliver (messageId) {
  // Behind held messages, a new one waits its turn: a gateway delivers in order.
  if (clientConnected() && held.length === 0) puppet.emit('message', { messageId })
  else held.push(messageId)
}

const commands = {
  contacts ({ contacts }) {
    for (const c of contacts) {
      mocker.createContact({ id: c.id, name: c.name, alias: c.alias, weixin: c.weixin })
    }
    return { count: contacts.length }
  },
  rooms ({ rooms }) {
    for (const r of rooms) {
      const members = [...new Set([...(r.members || []), args.botId])]
      mocker.createRoom({ id: r.id, topic: r.topic, memberIdList: members, ownerId: r.owner, adminIdList: [] })
    }
    return { count: rooms.length }
  },
  say ({ from, text, room, mentions = [], id, timestamp, media }) {
    if (id && mocker.cacheMessagePayload.has(id)) {
      deliver(id)
      return { id, timestamp: mocker.cacheMessagePayload.get(id).timestamp, redelivered: true, held: !clientConnected() }
    }
    if (!mocker.cacheContactPayload.has(from)) throw new Error(`no such contact: ${from}`)
    if (room && !mocker.cacheRoomPayload.has(room)) throw new Error(`no such room: ${room}`)
    if (media && !(media.kind in MEDIA_TYPES)) throw new Error(`no such media kind: ${media.kind}`)
    const payload = {
      id: id || newMessageId('msg'),
      talkerId: from,
      timestamp: timestamp ?? Date.now(),
      type: media ? MEDIA_TYPES[media.kind] : PUPPET.types.Message.Text,
      text: media ? media.name : text,
      ...(room ? { roomId: room, mentionIdList: mentions } : { listenerId: args.botId }),
    }
    mocker.MessageMock.create(payload)
    if (media) mediaFiles.set(payload.id, FileBox.fromBase64(media.base64, media.name))
    deliver(payload.id)
    return { id: payload.id, timestamp: payload.timestamp, held: !clientConnected() }
  },
  async friend_request ({ from, hello = '', id }) {
    if (!mocker.cacheContactPayload.has(from.id)) {
      mocker.createContact({ id: from.id, name: from.name, phone: from.phone ? [from.phone] : [] })
    }
    const friendshipId = id || newMessageId('friendship')
    await puppet.friendshipPayload(friendshipId, {
      id: friendshipId,
      contactId: from.id,
      hello,
      type: PUPPET.types.Friendship.Receive,
      scene: PUPPET.types.FriendshipScene.Phone,
      ticket: `ticket-${friendshipId}`,
    })
    puppet.emit('friendship', { friendshipId })
    return { id: friendshipId }
  },
  async logout () {
    await puppet.logout('logged out by the test')
    return {}
  },
  login () {
    puppet.login(args.botId)
    puppet.emit('ready', { data: 'ready' })
    return {}
  },
  async stop () {
    await shutdown(0)
    return {}
  },
}

// Capture the port grpc-js really bound: PuppetServer.start() binds "127.0.0.1:0" but keeps
// the result to itself.
let boundPort = 0
const bindAsync = grpc.Server.prototype.bindAsync
grpc.Server.prototype.bindAsync = function (address, credentials, callback) {
  return bindAsync.call(this, address, credentials, (err, port) => {
    if (!err) boundPort = port
    callback(err, port)
  })
}

const server = new PuppetServer({
  endpoint: `127.0.0.1:${args.port}`,
  puppet,
  token: args.token,
  tls: { disable: true },
})

let stopping = false
async function shutdown (code) {
  if (stopping) return
  stopping = true
  try {
    await server.stop()
    if (puppet.isActive?.()) await puppet.stop()
  } catch (e) {
    console.error('peer shutdown:', e)
  }
  process.exit(code)
}
process.on('SIGTERM', () => { void shutdown(0) })
process.on('SIGINT', () => { void shutdown(0) })
process.on('unhandledRejection', (e) => console.error('peer unhandled rejection:', e))

await server.start()
emitLine({ event: 'listening', port: boundPort, token: args.token, bot_id: args.botId })

const rl = readline.createInterface({ input: process.stdin })
rl.on('line', async (line) => {
  if (!line.trim()) return
  let request
  try {
    request = JSON.parse(line)
  } catch (e) {
    emitLine({ reply: null, ok: false, error: `bad JSON: ${e.message}` })
    return
  }
  const { seq = null, cmd, ...rest } = request
  const handler = commands[cmd]
  if (!handler) {
    emitLine({ reply: seq, ok: false, error: `unknown command ${cmd}` })
    return
  }
  try {
    const result = await handler(rest)
    emitLine({ reply: seq, ok: true, ...result })
  } catch (e) {
    emitLine({ reply: seq, ok: false, error: String(e?.message || e) })
  }
})
// The test runner went away: do not linger.
rl.on('close', () => { void shutdown(0) })
